import { strict as assert } from 'node:assert';
import { findPlace, placeAnswer } from '../../src/routing/place';

describe('findPlace', () => {
  const districts = ['市南区', '市南', '崂山区', '崂山', '市北区', '市北', 'Jimo'];
  const cases: [string, string | null][] = [
    ['我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路', '香港中路'],
    ['崂山区松岭路那边的公交车老是不按点来', '松岭路'],
    ['市北区台东三路有个烧烤摊天天占道经营', '台东三路'],
    ['九水路188号', '九水路188号'],
    ['海信小区3号楼电梯坏了', '海信小区3号楼'],
    ['the street lamp on Hong Kong Middle Road is broken', 'Hong Kong Middle Road'],
    // The words before the name, and the number after it (a web chat, 8 December 2026).
    [
      'The streetlight outside my building on Xianggang Middle Road 100 in Shinan is broken',
      'Xianggang Middle Road 100',
    ],
    ['pile driving next to 12 Zhanshan Road every night', '12 Zhanshan Road'],
    // A leading verb is not part of the place's name.
    ['举报中山路有人占道经营', '中山路'],
    ['我要举报中山路88号有人半夜施工', '中山路88号'],
    ['反映台东三路的烧烤摊油烟大', '台东三路'],
    ['投诉海信小区3号楼电梯坏了', '海信小区3号楼'],
    ['位于香港中路的工地夜间施工', '香港中路'],
    ['在松岭路那边公交车不按点', '松岭路'],
    // Words that contain a marker but name no place.
    ['小区门口的路灯坏了一个多月了，晚上黑漆漆的很危险', null],
    ['我们村的路坏了', null],
    ['Our factory in Jimo has not received the export tax rebate', null],
    ['the street is dirty', null],
    // Words of the sentence before a marker are not a name (a web chat, 7 December 2026).
    ['烧烤摊油烟大的不行 还有就是小区门口的路灯坏了半个月了', null],
    ['然后就是小区的电梯又坏了', null],
    ['电梯又坏了的小区没人管', null],
    ['还有海信小区3号楼电梯坏了', '海信小区3号楼'],
    ['太平路的路灯不亮', '太平路'],
    ['小区门口的下水道堵了 污水漫到路上 李沧区', null],
    ['香港中路上有个大坑', '香港中路'],
    ['都市花园3号楼漏水', '都市花园3号楼'],
    // "一个是我们小区（…宁夏路201号）" on the widget, 8 December 2026: "我们小区" is no address.
    ['一个是我们小区（市南区宁夏路201号）门口的下水道堵了好几天了', '宁夏路201号'],
    ['说的是你们小区门口的路灯', null],
    // An amount owed "for road works" is no road (Teams, 7 December 2026).
    ['A district agency has owed our company 800,000 yuan for road works since last year', null],
    ['The housing bureau still owes us 800000 yuan for finished road works', null],
    ['we paid school fees twice', null],
    ['unpaid for the repairs on Zhongshan Road', 'Zhongshan Road'],
  ];
  for (const [text, place] of cases) {
    it(`finds ${place === null ? 'no place' : `"${place}"`} in "${text}"`, () => {
      assert.equal(findPlace(text, districts), place);
    });
  }
});

describe('placeAnswer', () => {
  for (const [answer, place] of [
    ['在中山路10号', '中山路10号'],
    ['位于香港中路', '香港中路'],
    ['地址：九水路188号', '九水路188号'],
    ['海信小区3号楼', '海信小区3号楼'],
    ['在', '在'],
    // Corrected as typed (a web chat, 8 December 2026).
    ['书院路88号万科城 不对不对 是99号', '书院路99号万科城'],
    ['书院路88号 不对，应该是在九水路10号', '九水路10号'],
  ] as const) {
    it(`keeps "${place}" of the answer "${answer}"`, () => {
      assert.equal(placeAnswer(answer), place);
    });
  }
});
